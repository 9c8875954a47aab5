#ifndef SMUGGLEWATCH_CRDKAFKA_SHIM_H
#define SMUGGLEWATCH_CRDKAFKA_SHIM_H

// The system librdkafka (Debian: librdkafka-dev). Only Sources/Kafka imports this module.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#endif
