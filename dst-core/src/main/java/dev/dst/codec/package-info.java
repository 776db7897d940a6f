/**
 * Message codecs: a message is encoded to bytes when a node sends it and decoded into a fresh
 * object graph when it is delivered, so that simulated nodes never share a mutable object.
 * {@link dev.dst.codec.Codecs#standard()} is a fast, deterministic reflective codec; see
 * {@code docs/codec.md} for what it supports and how to register hand-written encoders.
 */
package dev.dst.codec;
