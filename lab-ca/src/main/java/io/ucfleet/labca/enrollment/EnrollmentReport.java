package io.ucfleet.labca.enrollment;

import java.util.List;

/**
 * What an enrollment did on one node, step by step: {@code outcome} {@code enrolled} or
 * {@code failed}; each step {@code done}, {@code failed} (with the node's status and problem) or
 * {@code skipped} (after a failure).
 */
public record EnrollmentReport(String node, String unit, String hierarchy, String outcome, String serial, String sha256,
        String trustStore, List<String> servicesToRestart, List<Step> steps) {

    public record Step(String step, String call, Integer status, String outcome, String detail, String problemType) {
    }

    public boolean enrolled() {
        return "enrolled".equals(outcome);
    }
}
