"""Scripts that make the pictures in docs/images from the local stack, so anyone can make them again."""
