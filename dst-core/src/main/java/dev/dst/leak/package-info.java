/**
 * The leak guard: an opt-in Java agent, in dst-core's own jar, that makes a simulation fail
 * when simulated code reads the wall clock, starts threads or thread pools, sleeps, or draws
 * unseeded randomness, naming the call site. {@link dev.dst.leak.LeakGuard} is what the kernel
 * calls; {@link dev.dst.leak.Agent} is the agent; the rest is the class-file rewriter
 * ({@code Rewriter}, {@code ClassFile}, {@code Bytecode}, the table {@code Watches}) and the
 * traps that rewritten code calls. See {@code docs/leak-guard.md}.
 */
package dev.dst.leak;
