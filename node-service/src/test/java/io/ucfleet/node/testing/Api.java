package io.ucfleet.node.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** Requests as the test accounts (application.properties, %test profile). */
public final class Api {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String READ_ONLY = "auditor";
    public static final String READ_ONLY_PASSWORD = "auditor-password";

    private Api() {
    }

    public static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }

    public static RequestSpecification asReadOnly() {
        return given().auth().preemptive().basic(READ_ONLY, READ_ONLY_PASSWORD);
    }

    public static RequestSpecification anonymous() {
        return given();
    }
}
