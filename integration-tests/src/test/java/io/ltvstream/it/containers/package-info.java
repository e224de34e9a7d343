/**
 * The end-to-end scenarios with real containers through Testcontainers: a Kafka 4.3.1 broker and
 * the scorer in their own containers, the test as producer and consumer.
 *
 * <p>The images are built locally, never pulled ({@code integration-tests/containers/setup} with
 * rootful Podman, or {@code docker build} from the same Containerfiles). Every class is
 * {@code @Testcontainers(disabledWithoutDocker = true)}: without a container engine the classes are
 * skipped and the embedded-broker tests cover the same ground.
 */
package io.ltvstream.it.containers;
