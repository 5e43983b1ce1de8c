module memcheck

go 1.19
