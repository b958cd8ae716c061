package io.ucfleet.ctl.trustlist;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.ucfleet.ctl.cluster.ClusterException;
import io.ucfleet.ctl.cluster.NodeView;
import io.ucfleet.platform.trustlist.CertificateFields;
import io.ucfleet.platform.trustlist.Role;
import io.ucfleet.platform.trustlist.TrustListWriter;

/**
 * What the CTL and each ITL list, as data. CTL: the publisher's ITLRecovery (SAST, the signer,
 * first as Cisco puts the signer first), every Unified CM node's CallManager (CCM+TFTP), the
 * publisher's CAPF. ITL of a TFTP node: ITLRecovery (SAST), that node's CallManager
 * (CCM+TFTP), every node's TVS, CAPF.
 */
public final class TrustListPlan {
    private TrustListPlan() {
    }

    /** One record to be: whose certificate, which unit, in which role. {@code certificate} null = a record without one. */
    public record Listed(NodeView node, String unit, Role role, CertificateFields certificate) {
        public TrustListWriter.Entry entry() {
            return new TrustListWriter.Entry(role, certificate, node.hostname(), ipv4(node.ip()));
        }
    }

    public static NodeView publisher(List<NodeView> nodes) {
        List<NodeView> publishers = nodes.stream().filter(NodeView::isPublisher).toList();
        if (publishers.size() != 1) {
            throw new ClusterException("the cluster members include " + publishers.size() + " publishers; CTL signing"
                    + " needs exactly one (members: " + nodes.stream().map(NodeView::baseUrl).toList() + ")");
        }
        return publishers.get(0);
    }

    /** Unified CM nodes, publisher first, then the subscribers in member order. */
    public static List<NodeView> cucm(List<NodeView> nodes) {
        List<NodeView> out = new ArrayList<>();
        out.add(publisher(nodes));
        nodes.stream().filter(n -> n.isCucm() && !n.isPublisher()).forEach(out::add);
        return out;
    }

    /** In non-secure mode the CCM+TFTP records keep no certificate, as Cisco's CTL does then. */
    public static List<Listed> ctl(List<NodeView> nodes, boolean mixed) {
        NodeView publisher = publisher(nodes);
        List<Listed> out = new ArrayList<>();
        out.add(listed(publisher, "ITLRecovery", Role.SAST));
        for (NodeView node : cucm(nodes)) {
            Listed callManager = listed(node, "CallManager", Role.CCM_TFTP);
            out.add(mixed ? callManager : new Listed(node, "CallManager", Role.CCM_TFTP, null));
        }
        out.add(listed(publisher, "CAPF", Role.CAPF));
        return out;
    }

    public static List<Listed> itl(List<NodeView> nodes, NodeView tftpNode) {
        NodeView publisher = publisher(nodes);
        List<Listed> out = new ArrayList<>();
        out.add(listed(publisher, "ITLRecovery", Role.SAST));
        out.add(listed(tftpNode, "CallManager", Role.CCM_TFTP));
        for (NodeView node : cucm(nodes)) {
            out.add(listed(node, "TVS", Role.TVS));
        }
        out.add(listed(publisher, "CAPF", Role.CAPF));
        return out;
    }

    static Listed listed(NodeView node, String unit, Role role) {
        CertificateFields certificate = node.identity(unit).orElseThrow(() -> new ClusterException(node.hostname()
                + " has no " + unit + " certificate"));
        return new Listed(node, unit, role, certificate);
    }

    static Inet4Address ipv4(String ip) {
        if (ip == null || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return (Inet4Address) InetAddress.getByName(ip);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
