/**
 * The sample web application of the OIDC Hybrid Filter: a handful of servlets that show what the filter hands
 * to an application (principal, roles, ID token claims, access token). Tests, demos and benchmarks rely on
 * their paths and answers ("Sample app contract" in the design notes), so keep them stable.
 */
package dev.oidchybrid.sample;
