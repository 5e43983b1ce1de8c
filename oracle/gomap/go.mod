module gomaporacle

go 1.19
