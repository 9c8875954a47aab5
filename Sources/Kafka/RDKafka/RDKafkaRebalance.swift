import Crdkafka
import Logging

/// Applies a rebalance the way the group's protocol wants it (eager or cooperative).
enum RDKafkaRebalance {
    static func apply(handle: OpaquePointer, error: rd_kafka_resp_err_t,
                      partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, logger: Logger) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if cooperative {
                if let failure = rd_kafka_incremental_assign(handle, partitions) {
                    logger.error("\(KafkaError(code: .consume, consuming: failure, context: "incremental assign failed"))")
                }
            } else {
                rd_kafka_assign(handle, partitions)
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if cooperative {
                if let failure = rd_kafka_incremental_unassign(handle, partitions) {
                    logger.error("\(KafkaError(code: .consume, consuming: failure, context: "incremental unassign failed"))")
                }
            } else {
                rd_kafka_assign(handle, nil)
            }
        default:
            logger.error("rebalance failed: \(String(cString: rd_kafka_err2str(error)))")
            rd_kafka_assign(handle, nil)
        }
    }
}
