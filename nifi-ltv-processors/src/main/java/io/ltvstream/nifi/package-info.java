/** NiFi processors and controller services of ltv-stream: thin adapters over ltv-core. */
package io.ltvstream.nifi;
