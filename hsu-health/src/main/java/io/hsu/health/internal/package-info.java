/** The probe implementations and shared executors behind io.hsu.health; not API, may change in any release. */
package io.hsu.health.internal;
