package io.ucfleet.labca.clients;

/** The answer: connects silently, asks the user, or fails. */
public enum VerdictKind {
    TRUSTED("trusted"), PROMPT("prompt"), REFUSED("refused");

    public final String id;

    VerdictKind(String id) {
        this.id = id;
    }

    /** The worst of the reasons' severities for the client (warnings count for nothing). */
    public static VerdictKind of(java.util.Collection<Severity> severities) {
        if (severities.contains(Severity.REFUSED)) {
            return REFUSED;
        }
        return severities.contains(Severity.PROMPT) ? PROMPT : TRUSTED;
    }
}
