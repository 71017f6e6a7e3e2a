/** Implementation of process control; not API, may change in any release. */
package io.hsu.processcontrol.internal;
