package com.athletebatch.operations;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot configuration root: every {@code @Configuration} under {@code com.athletebatch}
 * plus Boot's auto-configuration. It lives here, beside {@link ApplicationContextStarter}, so that
 * starting a context needs nothing from the entry points above; {@code
 * com.athletebatch.Application} only holds {@code main}.
 */
@SpringBootApplication(scanBasePackages = "com.athletebatch")
public class AthleteBatchApplication {}
