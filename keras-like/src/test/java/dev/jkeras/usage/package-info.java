/**
 * Tests written as a user's program would be: outside jkeras's packages, through the public API only,
 * so that they fail to compile when something a user needs is not public.
 */
package dev.jkeras.usage;
