"""HTTP blueprints, one per audience: parse and validate -> call a domain service -> map errors."""
