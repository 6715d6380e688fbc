//! Tests for content loading.
