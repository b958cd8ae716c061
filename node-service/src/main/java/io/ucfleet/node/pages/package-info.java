/**
 * Cisco Unified OS Administration's Certificate Management pages under {@code /cmplatform/}: a
 * second thin front (HTML, Qute) over the domain code the REST API calls, with a login form,
 * HTTP Basic for scripts, and a synchronizer token against cross-site request forgery.
 */
package io.ucfleet.node.pages;
