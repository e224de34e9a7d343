package io.ltvstream.scorer.service;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import java.util.ArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What the service tests do to a real broker and a real service: produce, wait, query over HTTP. */
final class BrokerClients {
  /** Upper bound for a condition that normally holds within seconds (startup, rebalance). */
  static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private BrokerClients() {}

  static void produce(EmbeddedKafka broker, String topic, List<EngineeredEvent> events) {
    var codec = LtvSerdes.engineeredEvent(LtvSchemaStore.standard());
    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (EngineeredEvent event : events) {
        producer.send(new ProducerRecord<>(topic, event.getUserId().getBytes(), codec.serialize(topic, event)));
      }
    }
  }

  static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads a topic from the start with read_committed until at least {@code count} records came, and a second more. */
  static List<ConsumerRecord<String, byte[]>> readAtLeast(EmbeddedKafka broker, String topic, int count,
      Duration patience) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + patience.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // anything beyond count would be a duplicate: give it a moment to show up
      long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The answer once it is not a 503 (ownership moving), or the last 503 when patience ran out. */
  static HttpResponse<String> getSettled(int port, String path, String token) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    HttpResponse<String> response = get(port, path, token);
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = get(port, path, token);
    }
    return response;
  }

  /** The host:port Kafka Streams routes {@code user} to. */
  static String ownerOf(KafkaStreams streams, String user) {
    var host = streams.queryMetadataForKey("user-state", user, Serdes.String().serializer()).activeHost();
    return host.host() + ":" + host.port();
  }
}
