import Classifier

// The output records as written by the worker: JSONWriter, same shape as their Codable form
// (which the readers use), checked by a round-trip test.

extension SourceOffset {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("topic"); json.string(topic)
        json.key("partition"); json.int(partition)
        json.key("offset"); json.int(offset)
        json.endObject()
    }
}

extension RulesetIdentity {
    /// `{"name", "version", "sha256"}`, as in decision records and audit reports.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("name"); json.string(name)
        json.key("version"); json.string(version)
        json.key("sha256"); json.string(sha256)
        json.endObject()
    }
}

extension DecisionRecord {
    /// Fails only on a non-finite score or weight.
    public func json() throws(JSONWriter.NonFiniteNumber) -> [UInt8] {
        var json = JSONWriter(capacity: 512 + signals.count * 160)
        _ = try write(to: &json)
        return json.bytes
    }

    /// The record as it is (without a post: the audit record) and with `post` (the referral or
    /// review record), byte for byte what `json()` writes for each; the second is the first
    /// with the post spliced in, so the decision is written once.
    public func json(splicing post: JSONValue) throws(JSONWriter.NonFiniteNumber) -> (without: [UInt8], with: [UInt8]) {
        var record = self
        record.post = nil
        var json = JSONWriter(capacity: 512 + signals.count * 160)
        let slot = try record.write(to: &json)
        var postJSON = JSONWriter(capacity: 1024)
        post.write(to: &postJSON)
        let member: StaticString = #","post":"#
        return json.withBytes { written in
            postJSON.withBytes { postBytes in
                var with: [UInt8] = []
                with.reserveCapacity(written.count + member.utf8CodeUnitCount + postBytes.count)
                with.append(contentsOf: written[..<slot])
                with.append(contentsOf: UnsafeBufferPointer(start: member.utf8Start, count: member.utf8CodeUnitCount))
                with.append(contentsOf: postBytes)
                with.append(contentsOf: written[slot...])
                return (Array(written), with)
            }
        }
    }

    /// Writes the record; returns the offset where a `post` member goes (keys are in order,
    /// and `post` comes after `platform`).
    private func write(to json: inout JSONWriter) throws(JSONWriter.NonFiniteNumber) -> Int {
        json.beginObject()
        json.key("decided_at"); json.string(decidedAt)
        json.key("decision"); json.string(decision.rawValue)
        json.key("guard"); json.beginArray()
        for reason in guardReasons { json.string(reason) }
        json.endArray()
        json.key("input_sha256"); json.string(inputSHA256)
        json.key("lang"); json.optionalString(lang)
        json.key("platform"); json.optionalString(platform)
        let postSlot = json.count
        if let post {
            json.key("post"); post.write(to: &json)
        }
        json.key("post_id"); json.string(postID)
        json.key("protected"); json.bool(isProtected)
        json.key("ruleset"); ruleset.write(to: &json)
        json.key("schema_version"); json.int(schemaVersion)
        json.key("score"); try json.double(score, key: "score")
        json.key("signals"); json.beginArray()
        for signal in signals {
            json.beginObject()
            json.key("category"); json.string(signal.category)
            json.key("matched"); json.string(signal.matched)
            json.key("name"); json.string(signal.name)
            json.key("span"); json.beginObject()
            json.key("end"); json.int(signal.span.end)
            json.key("start"); json.int(signal.span.start)
            json.endObject()
            json.key("weight"); try json.double(signal.weight, key: "weight")
            json.endObject()
        }
        json.endArray()
        json.key("source"); source.write(to: &json)
        if let truncation {
            json.key("truncation"); json.beginObject()
            json.key("record_bytes"); json.int(truncation.recordBytes)
            json.key("signal_count"); json.int(truncation.signalCount)
            json.endObject()
        }
        json.key("type"); json.string(type)
        json.key("worker_id"); json.string(workerID)
        json.endObject()
        return postSlot
    }
}

extension DeadLetterRecord {
    public func json() -> [UInt8] {
        var json = JSONWriter(capacity: 768)
        json.beginObject()
        if let decision {
            json.key("decision"); json.beginObject()
            json.key("decision"); json.string(decision.decision.rawValue)
            json.key("post_id"); json.string(decision.postID)
            json.key("protected"); json.bool(decision.isProtected)
            json.key("ruleset"); decision.ruleset.write(to: &json)
            // The score was written once already, so it is finite.
            json.key("score"); try? json.double(decision.score, key: "score")
            json.endObject()
        }
        json.key("error"); json.beginObject()
        json.key("code"); json.string(error.code.rawValue)
        json.key("message"); json.string(error.message)
        json.endObject()
        json.key("failed_at"); json.string(failedAt)
        json.key("payload_prefix_base64"); json.optionalString(payloadPrefixBase64)
        json.key("payload_sha256"); json.optionalString(payloadSHA256)
        json.key("payload_size")
        if let payloadSize { json.int(payloadSize) } else { json.null() }
        json.key("schema_version"); json.int(schemaVersion)
        json.key("source"); source.write(to: &json)
        json.key("type"); json.string(type)
        json.key("worker_id"); json.string(workerID)
        json.endObject()
        return json.bytes
    }
}

extension JSONValue {
    func write(to json: inout JSONWriter) {
        switch self {
        case .null: json.null()
        case .bool(let value): json.bool(value)
        // A number came from parsed JSON, so it is finite.
        case .number(let value): try? json.double(value, key: "")
        case .string(let value): json.string(value)
        case .array(let values):
            json.beginArray()
            for value in values { value.write(to: &json) }
            json.endArray()
        case .object(let members):
            json.beginObject()
            for key in members.keys.sorted() {
                json.key(dynamic: key)
                members[key]?.write(to: &json)
            }
            json.endObject()
        }
    }
}
