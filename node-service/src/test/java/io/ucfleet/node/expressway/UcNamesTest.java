package io.ucfleet.node.expressway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ucfleet.node.profile.NodeRole;

/** Seed 004, "Server certificates and Unified Communications": which names each Expressway's SAN needs. */
class UcNamesTest {
    private static final List<String> ALIASES = List.of("conference-1.imp.example.com");
    private static final List<String> PROFILES = List.of("secure-phone.cucm.example.com");
    private static final List<String> DOMAINS = List.of("example.com", "presence.example.com");

    @Test
    void anExpresswayCNeedsTheChatNodeAliasesAndTheTlsPhoneSecurityProfileNames() {
        assertEquals(List.of("conference-1.imp.example.com", "secure-phone.cucm.example.com"),
                UcNames.sanNames(NodeRole.EXPRESSWAY_C, new UcNames.Settings(ALIASES, PROFILES, DOMAINS, false)));
    }

    @Test
    void anExpresswayENeedsTheUcDomainsAndTheChatNodeAliasesOnlyWithXmppFederation() {
        assertEquals(DOMAINS, UcNames.sanNames(NodeRole.EXPRESSWAY_E, new UcNames.Settings(ALIASES, PROFILES, DOMAINS, false)));
        assertEquals(List.of("example.com", "presence.example.com", "conference-1.imp.example.com"),
                UcNames.sanNames(NodeRole.EXPRESSWAY_E, new UcNames.Settings(ALIASES, PROFILES, DOMAINS, true)));
    }

    @Test
    void otherRolesNeedNone() {
        assertEquals(List.of(), UcNames.sanNames(NodeRole.byConfigName("publisher").orElseThrow(),
                new UcNames.Settings(ALIASES, PROFILES, DOMAINS, true)));
    }
}
