package io.ucfleet.labca.clients;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the client checks revocation. {@code required}: every certificate below the root must carry
 * an HTTP CDP or AIA OCSP URL whose source answers within {@code timeout} (seed 001; Mobile and
 * Remote Access always). {@code best-effort}: what can be checked is; a status that cannot be
 * established takes the {@code fallback} (seed 004, default "treat as not revoked").
 * {@code off}: not checked.
 */
public record RevocationPolicy(Mode mode, Fallback fallback, Duration timeout) {
    /** Seed 001: "the Cisco Jabber client expects a response time of less than 5 seconds". */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public enum Mode {
        REQUIRED("required"), BEST_EFFORT("best-effort"), OFF("off");

        public final String id;

        Mode(String id) {
            this.id = id;
        }

        public static Optional<Mode> byId(String id) {
            return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
        }

        public static String ids() {
            return Arrays.stream(values()).map(m -> m.id).collect(Collectors.joining(", "));
        }
    }

    /** Seed 004's "Fallback behavior": when the revocation status cannot be established. */
    public enum Fallback {
        TREAT_AS_REVOKED("treat-as-revoked"), TREAT_AS_NOT_REVOKED("treat-as-not-revoked");

        public final String id;

        Fallback(String id) {
            this.id = id;
        }

        public static Optional<Fallback> byId(String id) {
            return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
        }

        public static String ids() {
            return Arrays.stream(values()).map(m -> m.id).collect(Collectors.joining(", "));
        }
    }
}
