package io.ucfleet.node;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.ucfleet.node.tls.TlsFiles;
import io.ucfleet.platform.database.EmbeddedDatabase;

/**
 * One jar, database chosen at run time: with {@code quarkus.datasource.jdbc.url} configured
 * the node uses that PostgreSQL server; without it, it starts embedded PostgreSQL under its
 * data directory. Also lays down the HTTPS files Quarkus needs before it starts.
 */
@QuarkusMain
public class NodeMain {
    public static void main(String... args) {
        Config config = ConfigProvider.getConfig();
        Path dataDir = config.getOptionalValue("ucfleet.node.data-dir", Path.class).orElse(Path.of("data"));
        Optional<String> password = config.getOptionalValue("ucfleet.node.key-encryption-key", String.class);
        password.ifPresent(p -> TlsFiles.ensurePlaceholder(dataDir, p, java.time.Clock.systemUTC()));

        EmbeddedDatabase.startUnlessConfigured(dataDir.resolve("postgres"));
        Quarkus.run(args);
    }
}
