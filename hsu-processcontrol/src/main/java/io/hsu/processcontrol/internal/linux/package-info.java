/**
 * Linux process control: posix_spawn through JNA, one epoll loop over pidfds for exit detection,
 * the child-subreaper reaping rules, and whole-tree stops. Not API.
 */
package io.hsu.processcontrol.internal.linux;
