package io.ucfleet.labca.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.ucfleet.labca.api.Representations.ClusterEnrollmentBody;
import io.ucfleet.labca.api.Representations.ClusterReport;
import io.ucfleet.labca.api.Representations.EnrollmentBody;
import io.ucfleet.labca.enrollment.EnrollmentReport;
import io.ucfleet.labca.enrollment.EnrollmentRequest;
import io.ucfleet.labca.enrollment.NodeEnrollment;
import io.ucfleet.platform.problem.DomainProblem;
import io.ucfleet.platform.problem.ProblemType;
import io.ucfleet.platform.security.Roles;

/**
 * Enrollment of a node's unit (CSR from the node, signature, CA chain into the unit's trust store,
 * certificate as identity), or of the same unit on each node of a list. A single enrollment that
 * fails is a 502 {@code enrollment-failed} carrying the steps; a cluster enrollment answers 200
 * with every node's report (and {@code outcome} enrolled, partial or failed).
 */
@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class EnrollmentResource {
    public static final int MAX_NODES = 100;

    @Inject
    NodeEnrollment enrollment;

    @POST
    public RestResponse<EnrollmentReport> enroll(EnrollmentBody body) {
        if (body == null) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "The body must name \"node\" and \"unit\".");
        }
        EnrollmentReport report = enrollment.enroll(request(body.node(), body.unit(), body.hierarchy(), body.profile(),
                body.validityDays(), body.csr(), body.username(), body.password(), body.restartServices()));
        if (!report.enrolled()) {
            throw new DomainProblem(ProblemType.ENROLLMENT_FAILED, "Enrolling " + report.unit() + " on " + report.node()
                    + " failed at step " + failedStep(report) + "; see steps.", Map.of("node", report.node(), "unit",
                            report.unit(), "steps", report.steps()));
        }
        return RestResponse.status(RestResponse.Status.CREATED, report);
    }

    /** One node after the other, each to its end; a failing node does not stop the others. */
    @POST
    @Path("/cluster")
    public ClusterReport enrollCluster(ClusterEnrollmentBody body) {
        if (body == null || body.nodes() == null || body.nodes().isEmpty() || body.nodes().size() > MAX_NODES) {
            throw new DomainProblem(ProblemType.INVALID_REQUEST, "\"nodes\" must list 1 to " + MAX_NODES + " node base URLs.");
        }
        List<EnrollmentRequest> requests = body.nodes().stream().map(node -> request(node, body.unit(), body.hierarchy(),
                body.profile(), body.validityDays(), body.csr(), body.username(), body.password(), body.restartServices()))
                .toList();
        requests.forEach(r -> enrollment.validate(r)); // every node URL and the account, before any node is called
        List<EnrollmentReport> reports = new ArrayList<>();
        requests.forEach(r -> reports.add(enrollment.enroll(r)));
        int ok = (int) reports.stream().filter(EnrollmentReport::enrolled).count();
        return new ClusterReport(ok == reports.size() ? "enrolled" : ok == 0 ? "failed" : "partial", ok, reports.size() - ok,
                reports);
    }

    private static EnrollmentRequest request(String node, String unit, String hierarchy, String profile, Integer days,
            Map<String, Object> csr, String username, String password, Boolean restart) {
        return new EnrollmentRequest(node, unit, hierarchy, profile, Optional.ofNullable(days), csr,
                Optional.ofNullable(username), Optional.ofNullable(password), Boolean.TRUE.equals(restart));
    }

    private static String failedStep(EnrollmentReport report) {
        return report.steps().stream().filter(s -> s.outcome().equals("failed")).map(EnrollmentReport.Step::step).findFirst()
                .orElse("?");
    }
}
