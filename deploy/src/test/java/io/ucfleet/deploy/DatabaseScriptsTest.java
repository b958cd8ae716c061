package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL scripts of deploy/k8s run with Debian's psql against real PostgreSQL, as the
 * pods run them: init-role.sh as the superuser at the server's first start, then
 * create-database.sh as the application role for each pod, twice (a restarted pod).
 */
class DatabaseScriptsTest {
    static final Path SCRIPTS = Path.of("k8s", "base", "postgres");
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("ucfleet-deploy-pg"))
                .setCleanDataDirectory(true).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    record Run(int exit, String output) {
    }

    static Run sh(Path script, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(postgres.getPort())));
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
        return new Run(process.exitValue(), output);
    }

    static String sql(String query) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(query)) {
            StringBuilder rows = new StringBuilder();
            while (result.next()) {
                rows.append(result.getString(1)).append('\n');
            }
            return rows.toString().strip();
        }
    }

    @Test
    void theRoleIsCreatedOnceAndEachPodCreatesItsOwnDatabase() throws Exception {
        Run role = sh(SCRIPTS.resolve("init-role.sh"), Map.of("POSTGRES_USER", "postgres",
                "UCFLEET_APP_USERNAME", "ucfleet", "UCFLEET_APP_PASSWORD", "it's-a-secret"));
        assertEquals(0, role.exit(), role.output());
        assertEquals("t|t|f", sql("select rolcanlogin || '|' || rolcreatedb || '|' || rolsuper from pg_roles where rolname = 'ucfleet'")
                .replace("true", "t").replace("false", "f"));

        Map<String, String> app = Map.of("PGUSER", "ucfleet", "PGPASSWORD", "it's-a-secret");
        for (String database : List.of("cucm-pub-0", "cluster-sync")) {
            Map<String, String> env = new java.util.HashMap<>(app);
            env.put("UCFLEET_DATABASE", database);
            Run first = sh(SCRIPTS.resolve("create-database.sh"), env);
            assertEquals(0, first.exit(), first.output());
            assertTrue(first.output().contains("created database " + database), first.output());
            Run again = sh(SCRIPTS.resolve("create-database.sh"), env);
            assertEquals(0, again.exit(), again.output());
            assertTrue(again.output().contains("database " + database + " exists"), again.output());
            assertEquals("ucfleet", sql("select pg_get_userbyid(datdba) from pg_database where datname = '" + database + "'"));
        }
        Run missing = sh(SCRIPTS.resolve("create-database.sh"), app);
        assertTrue(missing.exit() != 0 && missing.output().contains("UCFLEET_DATABASE"), missing.output());
    }
}
