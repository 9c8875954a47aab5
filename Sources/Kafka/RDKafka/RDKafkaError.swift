import Crdkafka

extension KafkaError {
    /// An error for a librdkafka response code.
    init(code: Code, rdError: rd_kafka_resp_err_t, context: String) {
        self.init(
            code: code,
            message: "\(context): \(String(cString: rd_kafka_err2str(rdError)))",
            rdCode: rdError.rawValue,
            rdName: String(cString: rd_kafka_err2name(rdError)),
            isFatal: rdError == RD_KAFKA_RESP_ERR__FATAL,
            isRetriable: RDKafkaErrorClass.isRetriable(rdError)
        )
    }

    /// Takes ownership of `error` and destroys it.
    init(code: Code, consuming error: OpaquePointer, context: String) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: code,
            message: "\(context): \(String(cString: rd_kafka_error_string(error)))",
            rdCode: rd_kafka_error_code(error).rawValue,
            rdName: String(cString: rd_kafka_error_name(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0
        )
        requiresAbort = rd_kafka_error_txn_requires_abort(error) != 0
    }
}

/// Which response codes mean "try again". librdkafka flags retriability only on `rd_kafka_error_t`;
/// plain response codes are classified here.
enum RDKafkaErrorClass {
    static func isRetriable(_ error: rd_kafka_resp_err_t) -> Bool {
        switch error {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR__IN_PROGRESS,
            RD_KAFKA_RESP_ERR__PREV_IN_PROGRESS, RD_KAFKA_RESP_ERR__NO_OFFSET,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
            RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_THROTTLING_QUOTA_EXCEEDED,
            RD_KAFKA_RESP_ERR_UNSTABLE_OFFSET_COMMIT, RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE:
            return true
        default:
            return false
        }
    }

    /// Looks up a response code by its symbolic name, as the broker's control commands take it
    /// (`REQUEST_TIMED_OUT`, or `_TRANSPORT` for librdkafka's local codes).
    static func code(named name: String) -> rd_kafka_resp_err_t? {
        var descriptions: UnsafePointer<rd_kafka_err_desc>?
        var count = 0
        rd_kafka_get_err_descs(&descriptions, &count)
        guard let descriptions else { return nil }
        let wanted = name.uppercased()
        for index in 0..<count {
            let entry = descriptions[index]
            guard let entryName = entry.name else { continue }
            if String(cString: entryName) == wanted { return entry.code }
        }
        return nil
    }
}
