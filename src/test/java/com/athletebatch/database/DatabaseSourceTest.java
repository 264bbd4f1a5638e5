package com.athletebatch.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of the URL's origins and the first line that names it, password hidden. */
class DatabaseSourceTest {

  @TempDir Path dir;

  private static final String FROM_FILE = "postgresql://file:f1le-pw@127.0.0.1:5432/from_file";
  private static final String FROM_ENV = "postgresql://env:env-pw@127.0.0.1:5432/from_env";
  private static final String FROM_FLAG = "jdbc:postgresql://127.0.0.1/from_flag?password=flag-pw";

  private void dotEnv(String text) throws IOException {
    Files.writeString(dir.resolve(".env"), text);
  }

  @Test
  void flagFirst() throws IOException {
    dotEnv("DATABASE_URL=" + FROM_FILE);
    DatabaseSource s = DatabaseSource.choose(FROM_FLAG, Map.of("DATABASE_URL", FROM_ENV), dir);
    assertThat(s.origin()).isEqualTo(DatabaseSource.Origin.FLAG);
    assertThat(s.url()).isEqualTo(FROM_FLAG);
    assertThat(s.describe())
        .startsWith("Database: jdbc:postgresql://127.0.0.1/from_flag?password=***")
        .endsWith("URL from --database-url")
        .doesNotContain("flag-pw");
  }

  @Test
  void thenTheEnvironment() throws IOException {
    dotEnv("DATABASE_URL=" + FROM_FILE);
    DatabaseSource s = DatabaseSource.choose(null, Map.of("DATABASE_URL", FROM_ENV), dir);
    assertThat(s.origin()).isEqualTo(DatabaseSource.Origin.ENVIRONMENT);
    assertThat(s.describe())
        .contains("from_env", "(user env)", "URL from the environment (DATABASE_URL)")
        .doesNotContain("env-pw");
  }

  @Test
  void thenDotEnvOfTheDirectory() throws IOException {
    dotEnv("# local\nexport DATABASE_URL=\"" + FROM_FILE + "\"\n");
    DatabaseSource s = DatabaseSource.choose("  ", Map.of("DATABASE_URL", ""), dir);
    assertThat(s.origin()).isEqualTo(DatabaseSource.Origin.DOTENV);
    assertThat(s.url()).isEqualTo(FROM_FILE);
    assertThat(s.describe())
        .isEqualTo(
            "Database: jdbc:postgresql://127.0.0.1:5432/from_file?reWriteBatchedInserts=true"
                + " (user file) — URL from "
                + dir.resolve(".env").toAbsolutePath().normalize());
  }

  @Test
  void elseTheEmbeddedDefault() throws IOException {
    dotEnv("TRIGGER_API_KEY=x\nDATABASE_URL=\n");
    DatabaseSource s = DatabaseSource.choose(null, Map.of(), dir);
    assertThat(s.isEmbeddedDefault()).isTrue();
    assertThat(s.url()).isNull();
    assertThat(s.describe())
        .startsWith("Database: jdbc:h2:file:./data/athlete-batch")
        .contains("the embedded default (no --database-url, no DATABASE_URL in the environment");
  }

  @Test
  void noDotEnvFile() {
    assertThat(DatabaseSource.choose(null, Map.of(), dir).isEmbeddedDefault()).isTrue();
  }

  @Test
  void anUnsupportedUrlIsStillNamedWithoutItsPassword() throws IOException {
    dotEnv("DATABASE_URL=mysql://root:hunter2@db/app");
    String line = DatabaseSource.choose(null, Map.of(), dir).describe();
    assertThat(line).contains("mysql://***@db/app", "URL from").doesNotContain("hunter2");
  }
}
