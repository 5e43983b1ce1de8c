module gomapfuzz/goruntime

go 1.19
