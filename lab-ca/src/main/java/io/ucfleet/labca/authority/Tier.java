package io.ucfleet.labca.authority;

import java.util.Locale;
import java.util.Optional;

/** A CA's place in its hierarchy; also the file name of its certificate and CRL in the public URLs. */
public enum Tier {
    ROOT, INTERMEDIATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Tier> byId(String id) {
        for (Tier t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
