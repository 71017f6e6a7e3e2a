/** Implementation of hsu-logs; not API, may change in any release. */
package io.hsu.logs.internal;
