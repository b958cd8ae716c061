package io.ucfleet.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * No secret is committed: every configuration file git tracks (env files, YAML, properties,
 * JSON) is read for passwords, key-encryption keys and private keys. Test-only values (a
 * {@code %test.} property, files under {@code src/test}) are allowed: they protect nothing.
 */
class CommittedSecretsTest {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern CONFIG = Pattern.compile(".*\\.(env|ya?ml|properties|json|conf)$");
    /** {@code name=value} or {@code name: value} whose name says it is a secret. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "^\\s*-?\\s*([A-Za-z0-9_.-]*(?i:password|secret|key-encryption-key|key_encryption_key|kek|_users_embedded_users_)[A-Za-z0-9_.-]*)\\s*[=:]\\s*(\\S.*)$");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----");
    /** A 256-bit key in base64, whatever its name (the key-encryption keys are named after their pods). */
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*[=:]\\s*[A-Za-z0-9+/]{43}=\\s*$");

    /** The secrets in one file's text, as {@code path:line name}. */
    static List<String> secretsIn(String path, String text) {
        List<String> found = new ArrayList<>();
        if (path.contains("src/test/")) {
            return found;
        }
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (PRIVATE_KEY.matcher(line).find()) {
                found.add(path + ":" + (i + 1) + " a private key");
            }
            if (!CONFIG.matcher(path).matches() || line.stripLeading().startsWith("#") || line.startsWith("%test.")) {
                continue;
            }
            var m = ASSIGNMENT.matcher(line);
            var key = KEY_VALUE.matcher(line);
            if (m.matches() && !placeholder(m.group(2).strip())) {
                found.add(path + ":" + (i + 1) + " " + m.group(1));
            } else if (key.matches()) {
                found.add(path + ":" + (i + 1) + " " + key.group(1));
            }
        }
        return found;
    }

    /** A reference to a secret kept elsewhere, not the secret. */
    private static boolean placeholder(String value) {
        return value.startsWith("${") || value.startsWith("$") || value.startsWith("<") || value.equals("\"\"")
                || value.equals("''") || value.startsWith("{") || value.startsWith("secretKeyRef")
                || value.matches("(?i)(true|false|\\d+|[a-z-]+-(kek|credentials|secret)s?)")
                // the name of the Secret holding a service's certificate and key, or the services CA's certificate
                || value.matches("[a-z0-9-]+-tls|services-ca");
    }

    @Test
    void theDetectorFindsWhatItLooksFor() {
        assertEquals(List.of("a.env:1 QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR", "a.env:2 cucm-pub-kek",
                "a.env:3 a private key"), secretsIn("a.env", "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_ADMINISTRATOR=dev-admin\n"
                        + "cucm-pub-kek=ta8NLBFZTTGUMzC41gqlRN/TGn7/oc//kyAItYn/T08=\n-----BEGIN PRIVATE KEY-----\n"));
        assertEquals(List.of("p.yaml:1 password"), secretsIn("p.yaml", "password: hunter2\n"));
        assertEquals(List.of(), secretsIn("s.yaml", "  secretName: cluster-sync-tls\n  secretName: services-ca\n"));
        assertEquals(List.of("kek-cucm-sub.env:1 cucm-sub-0"),
                secretsIn("kek-cucm-sub.env", "cucm-sub-0=ta8NLBFZTTGUMzC41gqlRN/TGn7/oc//kyAItYn/T08=\n"));
        assertEquals(List.of(), secretsIn("a.properties", "quarkus.tls.https.key-store.pem.web.password=${ucfleet.node.key-encryption-key}\n"
                + "%test.ucfleet.cluster.password=cluster-password\n# password=documented\n"));
        assertEquals(List.of(), secretsIn("x/src/test/resources/a.env", "password=test-only\n"));
    }

    @Test
    void noTrackedFileHoldsASecret() throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", REPO.toString(), "ls-files", "-z").redirectErrorStream(true).start();
        String listing = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0, "git ls-files: " + listing);
        List<String> found = new ArrayList<>();
        int read = 0;
        for (String path : listing.split("\0")) {
            Path file = REPO.resolve(path);
            if (path.isEmpty() || !Files.isRegularFile(file) || Files.size(file) > 2_000_000) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            found.addAll(secretsIn(path, new String(bytes, StandardCharsets.UTF_8)));
            read++;
        }
        assertTrue(read > 100, "read " + read + " tracked files");
        assertEquals(List.of(), found);
    }
}
