/** Implementation shared by HSU's modules; not API, may change in any release. */
package io.hsu.core.internal;
