module github.com/tablero-project/tablero

go 1.26.8
