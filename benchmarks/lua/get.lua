-- The same request over and over (method, path and headers from the command line).
dofile("stats.lua")
