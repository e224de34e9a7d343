# Sourced by setup, teardown and stage-images: where the container engine keeps its state, and
# the settings every podman call here must share (one config, one storage, one socket).
ltv_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ltv_containers_src="$ltv_repo/integration-tests/containers"
ltv_state="${LTV_CONTAINERS_DIR:-$ltv_repo/.containers}"
# the project's own version: the only two-space-indented <version> in the root pom
ltv_version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ltv_repo/pom.xml" | head -n 1)

ltv_kafka_version=4.3.1
ltv_base_image=localhost/ltv-base:bookworm-jre
ltv_kafka_image=localhost/ltv-kafka:$ltv_kafka_version
ltv_scorer_image=localhost/ltv-scorer:$ltv_version

export CONTAINERS_CONF="$ltv_state/containers.conf"
export CONTAINERS_STORAGE_CONF="$ltv_state/storage.conf"
ltv_socket="$ltv_state/podman.sock"
ltv_service_pid="$ltv_state/podman-service.pid"

ltv_log() { echo "containers: $*" >&2; }
