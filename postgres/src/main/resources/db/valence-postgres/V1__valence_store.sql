-- The PostgreSQL store's schema, version 1: the same records as the embedded store's, with
-- PostgreSQL's types (timestamptz, bytea, integer arrays) and the blobs in the database as chunks.
-- Instants are the callers' clocks (the store SPI passes them), so machines sharing a store keep
-- their clocks synchronised.

CREATE TABLE dispatches (
    id text PRIMARY KEY,
    -- Insertion order, to list dispatches oldest first when two share a creation time.
    seq bigint GENERATED ALWAYS AS IDENTITY,
    lattice_id text NOT NULL,
    lattice_name text NOT NULL,
    lattice_catalog text NOT NULL,
    result_type text NOT NULL,
    output_node integer NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL,
    ended_at timestamptz,
    reuse text NOT NULL,
    redispatch_of text,
    error text,
    parent_id text,
    parent_node integer,
    -- The presence id of the process running the dispatch: RUNNING with a lapsed owner reads INTERRUPTED.
    owner text
);
CREATE INDEX dispatches_by_parent ON dispatches (parent_id);

CREATE TABLE replacements (
    dispatch_id text NOT NULL,
    original_id text NOT NULL,
    replacement_id text NOT NULL,
    replacement_catalog text NOT NULL,
    PRIMARY KEY (dispatch_id, original_id)
);

CREATE TABLE nodes (
    dispatch_id text NOT NULL,
    node_index integer NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    electron_id text,
    electron_catalog text,
    type text NOT NULL,
    arguments integer[] NOT NULL,
    status text NOT NULL,
    outcome text NOT NULL,
    started_at timestamptz,
    ended_at timestamptz,
    attempts integer NOT NULL,
    cache_key text,
    value_fingerprint text,
    reused_from_dispatch text,
    reused_from_node integer,
    error text,
    code_fingerprint text,
    version text,
    reason text,
    stdout text,
    stdout_bytes bigint,
    stdout_truncated boolean,
    stderr text,
    stderr_bytes bigint,
    stderr_truncated boolean,
    PRIMARY KEY (dispatch_id, node_index)
);
CREATE INDEX nodes_by_key ON nodes (cache_key, dispatch_id);
CREATE INDEX nodes_by_value ON nodes (value_fingerprint);

-- The key index: the result each cache key reuses.
CREATE TABLE results (
    cache_key text PRIMARY KEY,
    value_fingerprint text NOT NULL,
    dispatch_id text NOT NULL,
    node_index integer NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX results_by_dispatch ON results (dispatch_id);
CREATE INDEX results_by_value ON results (value_fingerprint);

-- Content-addressed values, with a CRC32C of their bytes checked on every read.
CREATE TABLE stored_values (
    fingerprint text PRIMARY KEY,
    codec text NOT NULL,
    type text NOT NULL,
    data bytea NOT NULL,
    checksum bigint NOT NULL
);

-- The blobs each value refers to, as its codec reported them: checked before reuse, kept by prune.
CREATE TABLE value_blobs (
    fingerprint text NOT NULL,
    sha256 text NOT NULL,
    PRIMARY KEY (fingerprint, sha256)
);

-- Blobs: a row once every chunk is written (in the same transaction), the bytes in chunks.
CREATE TABLE blobs (
    sha256 text PRIMARY KEY,
    size bigint NOT NULL,
    chunks integer NOT NULL
);
CREATE TABLE blob_chunks (
    sha256 text NOT NULL,
    chunk integer NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (sha256, chunk)
);

-- Presence: each Valence instance renews its row on a short beat.
CREATE TABLE processes (
    owner text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);

-- Leases on cache keys, one row per key ever leased: a released row keeps its fencing token
-- (owner null), so that a token never goes back.
CREATE TABLE leases (
    cache_key text PRIMARY KEY,
    owner text,
    expires_at timestamptz,
    token bigint NOT NULL
);
CREATE INDEX leases_by_owner ON leases (owner);
-- Fencing tokens: drawn whenever a lease passes to another owner, so they only grow.
CREATE SEQUENCE lease_tokens;

-- Requests from other processes to cancel a running dispatch; a row goes when its dispatch ends.
CREATE TABLE cancel_requests (
    dispatch_id text PRIMARY KEY,
    requested_at timestamptz NOT NULL
);
