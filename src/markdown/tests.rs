//! Tests for Markdown rendering.
