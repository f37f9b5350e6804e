package io.github.swapformer.arch.attention;

/**
 * How the streaming kernel cuts its work: query tiles of {@link #TILE} rows of one head and key
 * chunks of {@link #KEY_CHUNK} keys. Kept apart from the Vector API twin ({@code StreamingTiles}) so
 * that the scalar path never loads Vector API classes.
 */
final class StreamingGeometry {
    /** Query rows per tile: enough rows for the matrix kernels' 8-row register tiles. */
    static final int TILE = 32;
    /** Keys per unit of the key/value gradient pass. */
    static final int KEY_CHUNK = 32;

    private StreamingGeometry() {
    }

    /** The first row of tile u, tiles numbered head by head; u may be the count of tiles. */
    static int tileStart(int u, int T) {
        int perHead = (T + TILE - 1) / TILE;
        return u / perHead * T + Math.min(T, (u % perHead) * TILE);
    }

    /** The first key unit (b, head, jj) of chunk u, KEY_CHUNK keys per chunk of an n-key block. */
    static int chunkStart(int u, int n) {
        int perHead = (n + KEY_CHUNK - 1) / KEY_CHUNK;
        return u / perHead * n + Math.min(n, (u % perHead) * KEY_CHUNK);
    }
}
