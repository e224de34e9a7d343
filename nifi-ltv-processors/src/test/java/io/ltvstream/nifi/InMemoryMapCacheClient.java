package io.ltvstream.nifi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.distributed.cache.client.Deserializer;
import org.apache.nifi.distributed.cache.client.DistributedMapCacheClient;
import org.apache.nifi.distributed.cache.client.Serializer;

/**
 * A DistributedMapCacheClient over one shared map, standing in for a MapCacheServer that several
 * cluster nodes talk to. It stores serialized bytes exactly as a server would.
 */
final class InMemoryMapCacheClient extends AbstractControllerService implements DistributedMapCacheClient {
  private final Map<ByteBuffer, byte[]> entries;

  InMemoryMapCacheClient(Map<ByteBuffer, byte[]> sharedEntries) {
    this.entries = sharedEntries;
  }

  static Map<ByteBuffer, byte[]> newServer() {
    return new ConcurrentHashMap<>();
  }

  private static <T> byte[] bytes(T value, Serializer<T> serializer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer.serialize(value, out);
    return out.toByteArray();
  }

  @Override
  public <K, V> boolean putIfAbsent(K key, V value, Serializer<K> keySerializer, Serializer<V> valueSerializer)
      throws IOException {
    return entries.putIfAbsent(ByteBuffer.wrap(bytes(key, keySerializer)), bytes(value, valueSerializer)) == null;
  }

  @Override
  public <K, V> V getAndPutIfAbsent(K key, V value, Serializer<K> keySerializer, Serializer<V> valueSerializer,
      Deserializer<V> valueDeserializer) throws IOException {
    byte[] previous = entries.putIfAbsent(ByteBuffer.wrap(bytes(key, keySerializer)), bytes(value, valueSerializer));
    return previous == null ? null : valueDeserializer.deserialize(previous);
  }

  @Override
  public <K> boolean containsKey(K key, Serializer<K> keySerializer) throws IOException {
    return entries.containsKey(ByteBuffer.wrap(bytes(key, keySerializer)));
  }

  @Override
  public <K, V> void put(K key, V value, Serializer<K> keySerializer, Serializer<V> valueSerializer)
      throws IOException {
    entries.put(ByteBuffer.wrap(bytes(key, keySerializer)), bytes(value, valueSerializer));
  }

  @Override
  public <K, V> V get(K key, Serializer<K> keySerializer, Deserializer<V> valueDeserializer) throws IOException {
    byte[] value = entries.get(ByteBuffer.wrap(bytes(key, keySerializer)));
    return value == null ? null : valueDeserializer.deserialize(value);
  }

  @Override
  public void close() {
  }

  @Override
  public <K> boolean remove(K key, Serializer<K> serializer) throws IOException {
    return entries.remove(ByteBuffer.wrap(bytes(key, serializer))) != null;
  }
}
