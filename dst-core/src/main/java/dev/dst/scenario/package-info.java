/**
 * Systems under test by name: a {@link dev.dst.scenario.Scenario} (its bugs and options) that the
 * sweep engine, the {@code dst} command and JUnit tests run the same way.
 */
package dev.dst.scenario;
