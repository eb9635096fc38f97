/**
 * JUnit 5 support for application teams: {@link dev.oidchybrid.testkit.junit.OidcTestKit} runs the development
 * provider around the tests, configures the application under test through the filter's system properties, and
 * logs users with chosen roles and claims in ({@link dev.oidchybrid.testkit.junit.TestUser}), giving a test a
 * {@link dev.oidchybrid.testkit.junit.LoggedInClient} or an HtmlUnit {@code WebClient} with the user's session, or
 * declared with {@link dev.oidchybrid.testkit.junit.OidcUser} on a test method whose {@code LoggedInClient}
 * parameter then comes logged in. {@link dev.oidchybrid.testkit.junit.AnonymousClient} sends a browser's page
 * navigations and script requests without a session (the filter answers the first with a login redirect, the
 * second with 401).
 * {@link dev.oidchybrid.testkit.junit.HtmlUnitBrowser} is for tests that drive the provider's login page themselves
 * (wrong password, cancel, script requests and navigations with the browser's cookies).
 *
 * <pre>{@code
 * @RegisterExtension
 * static OidcTestKit oidc = OidcTestKit.builder().build();
 *
 * @Test
 * void wardWhenNurseThenShown() {
 *     LoggedInClient nurse = oidc.loggedIn(oidc.user("carol").roles("nurse"), "http://localhost:8080/app/ward");
 *     assertEquals(200, nurse.landingPage().statusCode());
 * }
 * }</pre>
 *
 * <p>Needs JUnit Jupiter 5 on the test class path, and HtmlUnit 4 for {@code webClient(..)} and
 * {@code HtmlUnitBrowser}; both are optional dependencies of the testkit artifact, so users of the provider alone
 * do not get them. Never for production.
 */
package dev.oidchybrid.testkit.junit;
