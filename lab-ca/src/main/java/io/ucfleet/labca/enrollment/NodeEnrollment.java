package io.ucfleet.labca.enrollment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ucfleet.labca.config.LabCaConfig;
import io.ucfleet.labca.issuance.CertificateIssuance;
import io.ucfleet.labca.issuance.Issued;
import io.ucfleet.labca.issuance.SignRequest;
import io.ucfleet.platform.cluster.ClusterChannel;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;

/**
 * "One call that does the whole job for a node", through the node's own public REST API as its
 * administrator would call it, no back door: the unit's trust store from
 * {@code GET /api/v1/profiles}; a CSR from {@code POST /api/v1/identities/{unit}/csr}; the
 * signature here; the CA chain into that trust store ({@code POST /api/v1/trust-stores/{store}/certificates});
 * the signed certificate as the unit's identity ({@code POST /api/v1/identities/{unit}/certificate});
 * optionally {@code POST /api/v1/services/{id}/restart} for what the node flags. The first step
 * that fails ends it; the report says what happened at each.
 */
@ApplicationScoped
public class NodeEnrollment {
    private static final Logger LOG = Logger.getLogger(NodeEnrollment.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CertificateIssuance issuance;
    @Inject
    LabCaConfig config;
    @Inject
    io.ucfleet.platform.tls.MemberPins pins;

    /** The checks made before any node is called: a node URL, a unit, an account. */
    public void validate(EnrollmentRequest request) {
        ClusterChannel.baseUrl(request.nodeUrl(), "\"node\"");
        if (request.unit() == null || request.unit().isBlank()) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"unit\" names the certificate unit to enroll (tomcat,"
                    + " CallManager, cup-xmpp, server, ...).");
        }
        account(request);
    }

    /**
     * The account the request names, else the configured one. A request's username never pairs
     * with the configured password (it would send lab-ca's secret to whoever the request names).
     */
    private static String[] account(EnrollmentRequest request, LabCaConfig config) {
        String username = request.username().or(config::nodeUsername).orElseThrow(() -> new DomainProblem(
                ProblemType.INVALID_REQUEST, "No node account: give \"username\" and \"password\", or configure"
                        + " ucfleet.lab-ca.node-username and node-password."));
        String password = request.password().or(() -> request.username().isPresent() ? Optional.empty() : config.nodePassword())
                .orElseThrow(() -> new DomainProblem(ProblemType.INVALID_REQUEST, "No password for the node account \""
                        + username + "\"."));
        return new String[] { username, password };
    }

    private String[] account(EnrollmentRequest request) {
        return account(request, config);
    }

    public EnrollmentReport enroll(EnrollmentRequest request) {
        validate(request);
        String node = ClusterChannel.baseUrl(request.nodeUrl(), "\"node\"");
        String unit = request.unit();
        String[] account = account(request);
        String username = account[0];
        String password = account[1];
        String hierarchy = request.hierarchy() == null ? "default" : request.hierarchy();
        Run run = new Run(new ClusterChannel(List.of(node), username, password,
                new com.fasterxml.jackson.databind.ObjectMapper(), pins), node, config.nodeTimeout());
        String segment = URLEncoder.encode(unit, StandardCharsets.UTF_8).replace("+", "%20");
        String trustStore = null;
        Issued issued = null;
        List<String> restarts = List.of();
        try {
            JsonNode profiles = run.json("profile", "GET", "/api/v1/profiles", null);
            JsonNode profile = null;
            List<String> units = new ArrayList<>();
            for (JsonNode p : profiles) {
                units.add(p.path("unit").asText());
                if (unit.equals(p.path("unit").asText())) {
                    profile = p;
                }
            }
            if (profile == null) {
                run.fail("profile", "The node has no unit \"" + unit + "\"; its units: " + units + ".");
            }
            trustStore = profile.path("trustStore").isTextual() ? profile.path("trustStore").asText() : null;
            if (trustStore == null) { // Expressway: one trusted CA list for everything
                JsonNode stores = run.json("profile", "GET", "/api/v1/node", null).path("trustStores");
                if (!stores.isArray() || stores.isEmpty()) {
                    run.fail("profile", "The node names no trust store for " + unit + ".");
                }
                trustStore = stores.get(0).asText();
            }
            run.done("profile", "GET /api/v1/profiles", 200, unit + " trusts its CA in " + trustStore);

            JsonNode csr = run.json("csr", "POST", "/api/v1/identities/" + segment + "/csr",
                    request.csrOptions() == null ? Map.of() : request.csrOptions());
            String csrPem = csr.path("csr").path("pem").asText(null);
            if (csrPem == null) {
                run.fail("csr", "The node's CSR answer has no csr.pem.");
            }
            run.done("csr", "POST /api/v1/identities/" + unit + "/csr", 201, "CSR for " + csr.path("csr").path("subject")
                    .asText("?"));

            try {
                issued = issuance.sign(new SignRequest(hierarchy, csrPem, request.profile(), request.validityDays(),
                        Optional.empty(), Optional.empty()));
            } catch (DomainProblem p) {
                run.failed("sign", "lab-ca", p.type().status, p.detail(), p.type().uri());
                throw new Stop();
            }
            run.done("sign", "lab-ca " + hierarchy, null, "serial " + issued.serial() + " (" + issued.profile() + ")");

            String chain = String.join("", issued.chain());
            String description = URLEncoder.encode("ucfleet lab-ca " + hierarchy, StandardCharsets.UTF_8);
            ClusterChannel.Reply trust = run.send("trust", "POST", "/api/v1/trust-stores/" + URLEncoder.encode(trustStore,
                    StandardCharsets.UTF_8) + "/certificates?description=" + description, chain, "application/x-pem-file");
            run.done("trust", "POST /api/v1/trust-stores/" + trustStore + "/certificates", trust.status(),
                    trust.status() == 201 ? "CA chain imported" : "CA chain already trusted");

            ClusterChannel.Reply identity = run.send("identity", "POST", "/api/v1/identities/" + segment + "/certificate",
                    issued.certificate(), "application/x-pem-file");
            JsonNode installed = JSON.readTree(identity.body());
            List<String> services = new ArrayList<>();
            installed.path("servicesToRestart").forEach(s -> services.add(s.asText()));
            restarts = services;
            run.done("identity", "POST /api/v1/identities/" + unit + "/certificate", identity.status(),
                    installed.path("note").asText("installed"));

            if (request.restartServices() && !services.isEmpty()) {
                JsonNode listed = run.json("restart", "GET", "/api/v1/services", null);
                Map<String, String> ids = new LinkedHashMap<>();
                listed.forEach(s -> ids.put(s.path("name").asText(), s.path("id").asText()));
                for (String name : services) {
                    String id = ids.get(name);
                    if (id == null) {
                        run.fail("restart", "The node lists no service \"" + name + "\".");
                    }
                    run.send("restart", "POST", "/api/v1/services/" + id + "/restart", null, null);
                }
                run.done("restart", "POST /api/v1/services/{id}/restart", 200, "restarted " + services);
                restarts = List.of();
            } else {
                run.skip("restart", request.restartServices() ? "nothing to restart" : "not asked (restartServices)");
            }
        } catch (Stop stop) {
            run.skipRest();
        } catch (java.io.IOException e) {
            run.failed("identity", "POST /api/v1/identities/" + unit + "/certificate", null, "The node's answer is not JSON.",
                    null);
            run.skipRest();
        }
        boolean ok = run.steps.stream().noneMatch(s -> s.outcome().equals("failed"));
        EnrollmentReport report = new EnrollmentReport(node, unit, hierarchy, ok ? "enrolled" : "failed",
                issued == null ? null : issued.serial(), issued == null ? null : issued.sha256(), trustStore, restarts,
                List.copyOf(run.steps));
        LOG.infof("enrollment of %s on %s: %s%s", unit, node, report.outcome(),
                issued == null ? "" : " (serial " + issued.serial() + ")");
        return report;
    }


    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static final String[] STEPS = { "profile", "csr", "sign", "trust", "identity", "restart" };

    /** One enrollment's calls and report. */
    private static final class Run {
        final ClusterChannel channel;
        final String node;
        final java.time.Duration timeout;
        final List<EnrollmentReport.Step> steps = new ArrayList<>();

        Run(ClusterChannel channel, String node, java.time.Duration timeout) {
            this.channel = channel;
            this.node = node;
            this.timeout = timeout;
        }

        JsonNode json(String step, String method, String path, Object body) {
            try {
                return channel.json(method, node, path, body, timeout);
            } catch (ClusterChannel.CallFailed e) {
                throw failure(step, method + " " + path.replaceAll("\\?.*", ""), e);
            }
        }

        ClusterChannel.Reply send(String step, String method, String path, String body, String contentType) {
            try {
                return channel.send(method, node, path, body == null ? null : body.getBytes(StandardCharsets.US_ASCII),
                        contentType, timeout);
            } catch (ClusterChannel.CallFailed e) {
                throw failure(step, method + " " + path.replaceAll("\\?.*", ""), e);
            }
        }

        private Stop failure(String step, String call, ClusterChannel.CallFailed e) {
            String detail = e.problemDetail != null ? e.problemDetail : e.getMessage();
            failed(step, call, e.status == 0 ? null : e.status, detail, e.problemType);
            return new Stop();
        }

        void fail(String step, String detail) {
            failed(step, null, null, detail, null);
            throw new Stop();
        }

        void done(String step, String call, Integer status, String detail) {
            steps.add(new EnrollmentReport.Step(step, call, status, "done", detail, null));
        }

        void failed(String step, String call, Integer status, String detail, String problemType) {
            steps.add(new EnrollmentReport.Step(step, call, status, "failed", detail, problemType));
        }

        void skip(String step, String detail) {
            steps.add(new EnrollmentReport.Step(step, null, null, "skipped", detail, null));
        }

        void skipRest() {
            for (String step : STEPS) {
                if (steps.stream().noneMatch(s -> s.step().equals(step))) {
                    skip(step, "an earlier step failed");
                }
            }
        }
    }
}
