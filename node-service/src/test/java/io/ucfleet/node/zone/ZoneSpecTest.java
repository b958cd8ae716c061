package io.ucfleet.node.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/** A zone's configuration: defaults, what a change keeps, and every bad member named in one 400. */
class ZoneSpecTest {
    static final ZoneSpec.Fields NEW = new ZoneSpec.Fields("VCS peer", "Neighbor", "vcs.example.com", null, null);

    @Test
    void aNewZoneDefaultsToSipTlsPortAndTlsVerifyOff() {
        assertEquals(new ZoneSpec("VCS peer", ZoneType.NEIGHBOR, "vcs.example.com", 5061, false), ZoneSpec.parse(NEW, null));
    }

    @Test
    void aChangeKeepsTheMembersLeftOut() {
        ZoneSpec base = ZoneSpec.parse(NEW, null);
        assertEquals(new ZoneSpec("VCS peer", ZoneType.NEIGHBOR, "10.0.0.7", 5062, true),
                ZoneSpec.parse(new ZoneSpec.Fields(null, null, "10.0.0.7", "5062", "On"), base));
    }

    @ParameterizedTest(name = "peer address {0} is {1}")
    @CsvSource({ "vcs.example.com, valid", "VCS.Example.COM., valid", "10.1.2.3, valid", "2001:db8::1, valid",
            "[2001:db8::1], valid", "*.example.com, invalid", "999.1.2.3, invalid", "vcs..example.com, invalid",
            "-vcs.example.com, invalid", "vcs_1.example.com, invalid", "'vcs example.com', invalid" })
    void peerAddressesAreFqdnsOrIpAddresses(String peer, String expected) {
        assertEquals(expected.equals("valid"), ZoneSpec.peerAddressProblem(peer) == null, peer);
    }

    @Test
    void everyBadMemberIsNamedInOneProblem() {
        DomainProblem p = assertThrows(DomainProblem.class, () -> ZoneSpec.parse(new ZoneSpec.Fields("", "DNS", "*.x.com",
                "0", "maybe"), null));
        assertEquals(ProblemType.INVALID_REQUEST, p.type());
        @SuppressWarnings("unchecked")
        List<Map<String, String>> errors = (List<Map<String, String>>) p.extensions().get("errors");
        assertEquals(List.of("Name", "Type", "PeerAddress", "Port", "TLSVerifyMode"), errors.stream().map(e -> e.get("field")).toList());
    }

    @Test
    void theNameCannotChange() {
        ZoneSpec base = ZoneSpec.parse(NEW, null);
        DomainProblem p = assertThrows(DomainProblem.class, () -> ZoneSpec.parse(new ZoneSpec.Fields("other", null, null, null,
                null), base));
        assertEquals(ProblemType.INVALID_REQUEST, p.type());
    }

    @Test
    void traversalClientIsAcceptedAsTheApiAndThePageWriteIt() {
        assertEquals(ZoneType.TRAVERSAL_CLIENT, ZoneType.parse("Traversal client").orElseThrow());
        assertEquals(ZoneType.TRAVERSAL_CLIENT, ZoneType.parse("TraversalClient").orElseThrow());
    }
}
