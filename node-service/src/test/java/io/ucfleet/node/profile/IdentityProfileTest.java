package io.ucfleet.node.profile;

import static io.ucfleet.node.profile.ExtendedKeyUsage.*;
import static io.ucfleet.node.profile.KeyUsageBit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The key-usage table against seed 002 Tables 1 and 2, row by row, as the document prints them. */
class IdentityProfileTest {

    static Stream<Arguments> seed002Rows() {
        var standard = EnumSet.of(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, DATA_ENCIPHERMENT);
        var serverClient = EnumSet.of(SERVER_AUTH, CLIENT_AUTH);
        var serverClientIpsec = EnumSet.of(SERVER_AUTH, CLIENT_AUTH, IPSEC_END_SYSTEM);
        return Stream.of(
                Arguments.of("CallManager", true, serverClient, standard),
                Arguments.of("CallManager-ECDSA", true, serverClient, standard),
                Arguments.of("CAPF", false, EnumSet.of(SERVER_AUTH), EnumSet.of(DIGITAL_SIGNATURE, KEY_CERT_SIGN)),
                Arguments.of("ipsec", false, serverClientIpsec, standard),
                Arguments.of("tomcat", true, serverClient, standard),
                Arguments.of("tomcat-ECDSA", true, serverClient, standard),
                Arguments.of("TVS", false, serverClient, standard),
                Arguments.of("cup", false, serverClientIpsec, standard),
                Arguments.of("cup-ECDSA", false, serverClientIpsec, standard),
                Arguments.of("cup-xmpp", true, serverClientIpsec, standard),
                Arguments.of("cup-xmpp-ECDSA", true, serverClientIpsec, standard),
                Arguments.of("cup-xmpp-s2s", true, serverClientIpsec, standard),
                Arguments.of("cup-xmpp-s2s-ECDSA", true, serverClientIpsec, standard));
    }

    @ParameterizedTest(name = "{0} has multi-server {1}, EKU {2} and KU {3} as seed 002 says")
    @MethodSource("seed002Rows")
    void rowMatchesTheCiscoTable(String unit, boolean multi, Set<ExtendedKeyUsage> ekus, Set<KeyUsageBit> kus) {
        IdentityProfile profile = java.util.Arrays.stream(IdentityProfile.values()).filter(p -> p.unit.equals(unit))
                .findFirst().orElseThrow();
        assertEquals(multi, profile.multiServer);
        assertEquals(ekus, profile.extendedKeyUsages);
        assertEquals(kus, profile.keyUsages);
    }

    @ParameterizedTest(name = "{0} uses the key family its name says")
    @EnumSource(IdentityProfile.class)
    void ecdsaUnitsUseEcKeysAndTheRestRsa(IdentityProfile profile) {
        assertEquals(profile.unit.endsWith("-ECDSA") ? KeyAlgorithm.EC : KeyAlgorithm.RSA, profile.keyAlgorithm);
    }

    @ParameterizedTest(name = "the {0} table is consistent")
    @EnumSource(NodeRole.class)
    void everyRoleTableIsConsistent(NodeRole role) {
        assertEquals(java.util.List.of(), role.inconsistencies());
    }

    /** Seed 004's rules belong to both Expressway roles and to no other (issue 11). */
    @Test
    void onlyTheExpresswayRolesKeepOneCsrLoadPemOnlyAndAppendTrustAsGiven() {
        for (NodeRole role : NodeRole.values()) {
            boolean expressway = role == NodeRole.EXPRESSWAY_C || role == NodeRole.EXPRESSWAY_E;
            assertEquals(expressway, role.isExpressway(), role.configName);
            assertEquals(expressway, role.policy.oneCsrInProgress(), role.configName);
            assertEquals(expressway, role.policy.pemOnly(), role.configName);
            assertEquals(!expressway, role.policy.issuerChainFirst(), role.configName);
            // X8.1+: a temporary CA issues the default server certificate and is the trusted CA list's default.
            assertEquals(expressway, role.policy.temporaryCa(), role.configName);
            if (expressway) {
                assertTrue(role.trustStores.contains(role.policy.temporaryCaStore()), role.configName);
            }
        }
        assertEquals(java.util.Optional.empty(), NodeRole.byConfigName("expressway"), "the retired role name");
        assertEquals(NodeRole.EXPRESSWAY_E.identities, NodeRole.EXPRESSWAY_C.identities);
        assertEquals(java.util.List.of("trusted-ca-list"), NodeRole.EXPRESSWAY_C.trustStores);
    }

    @Test
    void capfIsOnlyOnThePublisher() {
        for (NodeRole role : NodeRole.values()) {
            assertEquals(role == NodeRole.PUBLISHER, role.identities.contains(IdentityProfile.CAPF), role.configName);
        }
    }

    @Test
    void tomcatRegenerationRestartsTomcatAndCallManagerButOnlyWhereTheyRun() {
        assertEquals(java.util.List.of(CiscoService.TOMCAT, CiscoService.CALLMANAGER, CiscoService.TFTP),
                NodeRole.PUBLISHER.restartsFor(IdentityProfile.TOMCAT));
        assertEquals(java.util.List.of(CiscoService.TOMCAT), NodeRole.IM_AND_PRESENCE.restartsFor(IdentityProfile.TOMCAT));
    }

    @Test
    void capfAndTvsNeedNoRestartAndCtlListsCallManagerCapfAndItlRecovery() {
        assertTrue(IdentityProfile.CAPF.restartServices.isEmpty());
        assertTrue(IdentityProfile.TVS.restartServices.isEmpty());
        assertTrue(IdentityProfile.CALLMANAGER.listedInCtl && IdentityProfile.CAPF.listedInCtl
                && IdentityProfile.ITLRECOVERY.listedInCtl && !IdentityProfile.TOMCAT.listedInCtl);
    }
}
