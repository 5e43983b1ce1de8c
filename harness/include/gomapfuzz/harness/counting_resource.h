// The counting and fault-injecting memory resources are mapcore's
// (mapcore/counting_resource.h: mapcore's own tests audit the map with
// them); harness and every suite use them under these names.
#ifndef GOMAPFUZZ_HARNESS_COUNTING_RESOURCE_H_
#define GOMAPFUZZ_HARNESS_COUNTING_RESOURCE_H_

#include "mapcore/counting_resource.h"

namespace gomapfuzz {

namespace pmr = boost::container::pmr;
using mapcore::CountingResource;
using mapcore::FaultInjectingResource;

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_COUNTING_RESOURCE_H_
