package io.ucfleet.node;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.ucfleet.node.database.EmbeddedDatabase;
import io.ucfleet.node.tls.TlsFiles;

/**
 * One jar, database chosen at run time: with {@code quarkus.datasource.jdbc.url} configured
 * the node uses that PostgreSQL server; without it, it starts embedded PostgreSQL under its
 * data directory. Also lays down the HTTPS files Quarkus needs before it starts.
 */
@QuarkusMain
public class NodeMain {
    private static final Logger LOG = Logger.getLogger(NodeMain.class);

    public static void main(String... args) {
        Config config = ConfigProvider.getConfig();
        Path dataDir = config.getOptionalValue("ucfleet.node.data-dir", Path.class).orElse(Path.of("data"));
        Optional<String> password = config.getOptionalValue("ucfleet.node.key-encryption-key", String.class);
        password.ifPresent(p -> TlsFiles.ensurePlaceholder(dataDir, p));

        if (config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).isEmpty()) {
            EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"));
            System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
            System.setProperty("quarkus.datasource.username", "postgres");
            System.setProperty("quarkus.datasource.password", "postgres");
            LOG.infof("no quarkus.datasource.jdbc.url: embedded PostgreSQL on port %d, data in %s",
                    database.port(), dataDir.resolve("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
        }
        Quarkus.run(args);
    }
}
