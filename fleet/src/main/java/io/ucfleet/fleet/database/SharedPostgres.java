package io.ucfleet.fleet.database;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;

import io.ucfleet.platform.database.EmbeddedDatabase;

/**
 * The fleet's one PostgreSQL server (topology {@code database: shared}): embedded binaries as
 * every process would start them, on the topology's port, with one database per process of the
 * fleet, created when missing. Run by the launcher as a process of its own (so {@code kill},
 * {@code pause} and {@code start} make a database outage for the whole fleet), it answers
 * {@code /q/health/ready} on its HTTP port as the services do: 200 while a query succeeds. It
 * stops the server on SIGTERM; after a SIGKILL the launcher stops the orphaned postmaster.
 * Configured by system properties: {@code ucfleet.postgres.data-dir}, {@code .port},
 * {@code .databases} (comma-separated), {@code .max-connections}; {@code quarkus.http.host} and
 * {@code .port} for the health check.
 */
public final class SharedPostgres {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private SharedPostgres() {
    }

    /** A process's database: its name (a DNS label) with {@code _} for {@code -}, which PostgreSQL names allow unquoted. */
    public static String databaseName(String process) {
        return process.replace('-', '_');
    }

    public static String jdbcUrl(String ip, int port, String process) {
        return "jdbc:postgresql://" + ip + ":" + port + "/" + databaseName(process);
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(required("ucfleet.postgres.data-dir"));
        int port = Integer.parseInt(required("ucfleet.postgres.port"));
        List<String> databases = Arrays.stream(required("ucfleet.postgres.databases").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(SharedPostgres::databaseName).toList();
        String maxConnections = System.getProperty("ucfleet.postgres.max-connections", "100");
        EmbeddedDatabase server = EmbeddedDatabase.start(dataDir.resolve("postgres"), port,
                Map.of("max_connections", maxConnections));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shared-postgres-stop"));
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(admin, USER, PASSWORD)) {
            Set<String> existing = new HashSet<>();
            try (ResultSet rs = c.createStatement().executeQuery("select datname from pg_database")) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            for (String database : databases) {
                if (!existing.contains(database)) {
                    c.createStatement().execute("create database " + database);
                    System.out.println("created database " + database);
                }
            }
        }
        HttpServer health = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host", "127.0.0.1"),
                Integer.parseInt(required("quarkus.http.port"))), 4);
        health.createContext("/q/health/ready", exchange -> {
            boolean up = answers(admin);
            byte[] body = ("{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        health.start();
        // unpacking the binaries grew the heap to ~100 MB; a full collection gives it back (MaxHeapFreeRatio)
        System.gc();
        System.out.printf("shared PostgreSQL on port %d, data in %s, databases %s, max_connections %s%n", port,
                dataDir.resolve("postgres"), databases, maxConnections);
        stopped.await();
    }

    private static boolean answers(String url) {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + property + " is required");
        }
        return value;
    }
}
