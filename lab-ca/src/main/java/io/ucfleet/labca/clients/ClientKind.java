package io.ucfleet.labca.clients;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The clients of seeds 000 and 001 and what each shows when it cannot validate a certificate.
 * {@code mra} is Jabber through Expressway Mobile and Remote Access: the same dialog, but a
 * revocation answer is mandatory and must come within 5 seconds (seed 001).
 */
public enum ClientKind {
    /** Cisco Jabber, on premises (seed 001): validates against the Keychain (the certificate store on Windows). */
    JABBER("jabber", "Cisco Jabber", false),
    /** Cisco UC Integration for Microsoft Lync (seed 000): validates against the Windows certificate store; HTTP only. */
    LYNC("lync", "Cisco UC Integration for Microsoft Lync", false),
    /** Cisco Jabber over Expressway Mobile and Remote Access (seed 001): revocation required, 5-second answers. */
    MRA("mra", "Cisco Jabber (Mobile and Remote Access)", true);

    public final String id;
    public final String label;
    /** Seed 001: "Connections will fail if the response time is greater than the expected 5 seconds." */
    public final boolean revocationMandatory;

    ClientKind(String id, String label, boolean revocationMandatory) {
        this.id = id;
        this.label = label;
        this.revocationMandatory = revocationMandatory;
    }

    /** What the client does with a certificate of this verdict: its dialog's buttons and what each leads to. */
    public ClientAnswer answer(VerdictKind verdict, String serverName, String firstRefusal) {
        return switch (verdict) {
            case TRUSTED -> new ClientAnswer(id, verdict.id, false, List.of(), Map.of(),
                    "Connects without a prompt.");
            case REFUSED -> new ClientAnswer(id, verdict.id, false, List.of(), Map.of(),
                    "The connection fails without a prompt (" + firstRefusal + "); nothing the user can accept.");
            case PROMPT -> this == LYNC ? lyncPrompt() : jabberPrompt(serverName);
        };
    }

    private ClientAnswer jabberPrompt(String serverName) {
        String always = "Always trust " + (serverName == null ? "this server" : serverName);
        Map<String, String> next = new java.util.LinkedHashMap<>();
        next.put(always, "Saves the certificate to the Keychain (seed 001) and connects; no prompt for it again.");
        next.put("Cancel", "Does not save the certificate and does not connect.");
        next.put("Continue", "Connects without saving the certificate; after the client restarts the user is prompted again.");
        return new ClientAnswer(id, VerdictKind.PROMPT.id, true, List.of(always, "Cancel", "Continue"), next,
                "Prompts the user to verify the certificate (seed 001).");
    }

    private ClientAnswer lyncPrompt() {
        Map<String, String> next = new java.util.LinkedHashMap<>();
        next.put("Accept", "Saves the certificate to the Enterprise Trust store (seed 000) and connects.");
        next.put("Decline", "Does not save the certificate, does not connect, displays an error notification;"
                + " when the client restarts it prompts again.");
        return new ClientAnswer(id, VerdictKind.PROMPT.id, true, List.of("Accept", "Decline"), next,
                "Prompts the user to accept the certificate (seed 000).");
    }

    public static Optional<ClientKind> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(c -> c.id).collect(Collectors.joining(", "));
    }

    /** One client's reaction: {@code buttons} in the dialog's order, {@code whatHappensNext} per button. */
    public record ClientAnswer(String client, String verdict, boolean prompt, List<String> buttons,
            Map<String, String> whatHappensNext, String summary) {
    }
}
