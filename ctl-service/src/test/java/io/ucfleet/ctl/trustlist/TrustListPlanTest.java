package io.ucfleet.ctl.trustlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.ctl.cluster.NodeView;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.Role;
import io.ucfleet.ctl.tlv.TestKeys;

/** What the CTL and the ITLs list, in which role and order; IM and Presence is in neither. */
class TrustListPlanTest {
    static final CertificateFields CERT = TestKeys.selfSigned("CN=any", 1024, 1).certificate();

    static NodeView node(String host, String role, String... units) {
        Map<String, CertificateFields> ids = new LinkedHashMap<>();
        for (String u : units) {
            ids.put(u, CERT);
        }
        return new NodeView("http://" + host, host, host + ".test", "10.0.0.1", role, ids);
    }

    static final NodeView SUB = node("sub", "subscriber", "CallManager", "TVS");
    static final NodeView IMP = node("imp", "im-and-presence");
    static final NodeView PUB = node("pub", "publisher", "CallManager", "TVS", "CAPF", "ITLRecovery");

    static List<String> describe(List<TrustListPlan.Listed> listed) {
        return listed.stream().map(l -> l.node().hostname() + ":" + l.unit() + ":" + l.role()).toList();
    }

    @Test
    void theCtlListsItlRecoveryFirstThenEveryCallManagerThenCapf() {
        var ctl = TrustListPlan.ctl(List.of(SUB, IMP, PUB), true);
        assertEquals(List.of("pub:ITLRecovery:SAST", "pub:CallManager:CCM_TFTP", "sub:CallManager:CCM_TFTP",
                "pub:CAPF:CAPF"), describe(ctl));
        assertTrue(ctl.stream().allMatch(l -> l.certificate() != null));
        assertEquals("pub", ctl.get(0).entry().dnsName());
    }

    @Test
    void nonSecureCtlKeepsCcmTftpRecordsWithoutCertificates() {
        var ctl = TrustListPlan.ctl(List.of(PUB, SUB), false);
        ctl.stream().filter(l -> l.role() == Role.CCM_TFTP).forEach(l -> assertNull(l.certificate()));
        assertEquals(Role.SAST, ctl.get(0).role());
    }

    @Test
    void eachTftpNodesItlHasItsOwnCallManagerAndEveryTvs() {
        assertEquals(List.of("pub:ITLRecovery:SAST", "sub:CallManager:CCM_TFTP", "pub:TVS:TVS", "sub:TVS:TVS",
                "pub:CAPF:CAPF"), describe(TrustListPlan.itl(List.of(PUB, SUB, IMP), SUB)));
    }

    @Test
    void exactlyOnePublisherIsNeeded() {
        var none = assertThrows(ClusterException.class, () -> TrustListPlan.ctl(List.of(SUB), true));
        assertTrue(none.getMessage().contains("0 publishers"), none.getMessage());
        assertThrows(ClusterException.class, () -> TrustListPlan.ctl(List.of(PUB, PUB), true));
        var missing = assertThrows(ClusterException.class,
                () -> TrustListPlan.ctl(List.of(node("pub", "publisher", "CallManager")), true));
        assertTrue(missing.getMessage().contains("ITLRecovery"), missing.getMessage());
    }
}
