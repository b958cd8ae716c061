package io.ucfleet.labca.clients;

import java.util.List;

/**
 * {@code POST /api/v1/client-verdicts}, as sent (validated by {@link ClientVerdicts}): what to
 * judge, what the client trusts, which client, how it checks revocation, and how long it may take.
 *
 * @param target   {@code host} + {@code port} (+ {@code protocol}, {@code serverName}, {@code xmppDomain}), or {@code chain} (PEM, the server's certificate first)
 * @param trust    exactly one of {@code bundle} (PEM), {@code nodes} (node base URLs; their tomcat-trust), {@code system: true}
 * @param client   {@code jabber} (default), {@code lync}, {@code mra}
 * @param deadline ISO-8601 duration, at most {@code ucfleet.lab-ca.client-verdicts.deadline} (PT15S)
 */
public record VerdictRequest(Target target, Trust trust, String client, Revocation revocation, String deadline) {

    /** {@code protocol}: https (default), xmpp-c2s, xmpp-s2s. {@code serverName}: the name the user typed (SNI). */
    public record Target(String host, Integer port, String protocol, String serverName, String xmppDomain, String chain) {
    }

    /** {@code username}/{@code password}: the account to read nodes' tomcat-trust with, instead of the configured one. */
    public record Trust(String bundle, List<String> nodes, Boolean system, String username, String password) {
    }

    /** {@code mode}: required, best-effort, off; {@code timeout}: per source (PT5S); {@code fallback}: treat-as-not-revoked (default), treat-as-revoked. */
    public record Revocation(String mode, String timeout, String fallback) {
    }
}
