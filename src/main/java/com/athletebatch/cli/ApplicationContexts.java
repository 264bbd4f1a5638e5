package com.athletebatch.cli;

import java.util.HashMap;
import java.util.Map;

import com.athletebatch.Application;
import com.athletebatch.database.DatabaseConfiguration;
import com.athletebatch.database.DatabaseUrl;
import com.athletebatch.database.JobRepositorySchema;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the Spring application context for one command, against the database it was given. */
final class ApplicationContexts {

    private ApplicationContexts() {
    }

    static ConfigurableApplicationContext start(DatabaseOptions options) {
        return start(options, Map.of());
    }

    /** @param profiles extra Spring profiles, e.g. {@code schedule} for application-schedule.properties */
    static ConfigurableApplicationContext start(DatabaseOptions options, Map<String, Object> extra,
                                                String... profiles) {
        DatabaseUrl url = options.resolve();
        String schema = JobRepositorySchema.validate(options.batchSchema);
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", url.jdbcUrl());
        if (url.username() != null) {
            properties.put("spring.datasource.username", url.username());
        }
        if (url.password() != null) {
            properties.put("spring.datasource.password", url.password());
        }
        properties.put(DatabaseConfiguration.BATCH_SCHEMA_PROPERTY, schema);
        properties.put("spring.batch.jdbc.table-prefix", schema + ".BATCH_");
        properties.putAll(extra);
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(properties);
        application.setAdditionalProfiles(profiles);
        application.setRegisterShutdownHook(true);
        return application.run();
    }
}
